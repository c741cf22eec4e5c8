/**
 * The floor for `npm run bench:guard`: an ExtMcp processor on the same proto and gRPC stack that answers `pass` to
 * everything without reading the message. Prints `listening on <port>` when ready.
 */
import * as grpc from "@grpc/grpc-js";
import { loadExtMcp } from "../guard/src/grpc/server";

const server = new grpc.Server({ "grpc.max_receive_message_length": 16 * 1024 * 1024 });
const pass = (_call: unknown, callback: grpc.sendUnaryData<unknown>) => callback(null, { pass: {} });
server.addService(loadExtMcp().service, { CheckRequest: pass, CheckResponse: pass });
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) throw error;
  process.stderr.write(`listening on 127.0.0.1:${port}\n`);
});
process.once("SIGTERM", () => server.tryShutdown(() => process.exit(0)));
