/** Reading a source's files at its pinned commit from a git directory (a bare clone or a mirror), without a work tree. */
import { execFileSync } from "node:child_process";

/** A file at a commit of a git directory (a bare clone or a mirror). */
export function show(gitDir: string, commit: string, path: string): string {
  return execFileSync("git", ["--git-dir", gitDir, "show", `${commit}:${path}`], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

/** The files under a folder at a commit, sorted. */
export function listFiles(gitDir: string, commit: string, under: string): string[] {
  return execFileSync("git", ["--git-dir", gitDir, "ls-tree", "-r", "--name-only", commit, "--", under], { encoding: "utf8" }).split("\n").filter(Boolean).sort();
}
