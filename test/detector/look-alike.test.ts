/**
 * TOOL-05 look-alike folding (guard/src/detector/look-alike.ts): each disguise folds to the Latin letters a model reads
 * in it, and honest text (other scripts, accented words, tokens with digits) is left as written.
 */
import { foldLookAlikes } from "../../guard/src/detector/look-alike";
import { scanTool } from "../../guard/src/detector";
import { tool } from "./cases";

describe("foldLookAlikes", () => {
  test.each([
    ["IPA small capitals", "ᴘʟᴇᴀꜱᴇ ʀᴇᴀᴅ", "please read"],
    ["negative squared letters", "🅸🅼🅿🅾🆁🆃🅰🅽🆃", "IMPORTANT"],
    ["negative circled letters", "🅘🅜🅟🅞🅡🅣🅐🅝🅣", "IMPORTANT"],
    ["regional indicators", "🇸🇪🇳🇩", "SEND"],
    ["fullwidth letters (NFKC)", "ｓｅｎｄ", "send"],
    ["mathematical bold (NFKC)", "𝐬𝐞𝐧𝐝", "send"],
    ["Cyrillic vowels in a Latin word", "rеаd", "read"],
    ["a Greek omicron in a Latin word", "tοken", "token"],
    ["a Cyrillic capital I, not the skeleton's l", "Іgnore", "Ignore"],
    ["letters struck through", "s\u0336e\u0336n\u0336d\u0336", "send"],
    ["letters buried under stacked marks", "s\u0301\u0300\u0302e\u0303\u0304\u0305nd", "send"],
    ["leetspeak", "1MP0RT4NT", "iMPoRTaNT"],
    ["leet symbols", "p@$$", "pass"],
  ])("%s", (_, disguised, plain) => {
    expect(foldLookAlikes(`x ${disguised} y`)).toEqual({ text: `x ${plain} y`, words: plain.split(" ") });
  });

  test.each([
    ["Russian", "Получает погоду для города"],
    ["Greek", "Επιστρέφει τον καιρό"],
    ["accented Latin", "café naïve Übersetzung ação"],
    ["Vietnamese, two marks on a letter", "Tiếng Việt được"],
    ["Japanese with voiced marks", "ごがぎを検索します"],
    ["Korean", "도구를 사용합니다"],
    ["tokens with other digits", "sha256 k8s x86 h264 2FA"],
    ["plain ASCII", "Reads the file and returns its lines."],
    ["a Cyrillic word beside a Latin one", "Москва office"],
    ["a Cyrillic letter with no Latin look-alike in a mixed word", "Bжd"],
  ])("leaves %s as written", (_, text) => {
    expect(foldLookAlikes(text)).toBeUndefined();
  });

  test("folds only the disguised words of a text and keeps the rest byte for byte", () => {
    expect(foldLookAlikes("Gets weather. Then ɪɢɴᴏʀᴇ it.\nNext line, café.")).toEqual({ text: "Gets weather. Then ignore it.\nNext line, café.", words: ["ignore"] });
  });

  test("runs in linear time on adversarial input", () => {
    for (const text of ["ɪ".repeat(60_000), "a\u0336".repeat(30_000), "1a".repeat(30_000), "аa".repeat(30_000), "🅰".repeat(30_000)]) {
      const started = process.cpuUsage();
      scanTool(tool(text));
      expect(process.cpuUsage(started).user).toBeLessThan(5_000_000);
    }
  });
});
