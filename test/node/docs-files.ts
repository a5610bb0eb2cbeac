// The user-facing Markdown: README.md and every page under docs/, and the fenced code blocks in
// them. Shared by the docs tests (examples, snippets, links).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../../", import.meta.url));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith(".md") ? [path] : [];
  });
}

/** Repo-relative paths of README.md and docs/**.md, README first. */
export const docFiles: string[] = [
  "README.md",
  ...walk(join(root, "docs"))
    .map((p) => relative(root, p))
    .sort(),
];

export const readDoc = (file: string): string => readFileSync(join(root, file), "utf8");

export interface Block {
  /** Repo-relative Markdown file. */
  file: string;
  /** 1-based line of the block's first code line. */
  line: number;
  lang: string;
  code: string;
  /** The file named by a `<!-- example: path -->` line right above the fence, if any. */
  example?: string;
}

/** Every fenced code block of every user-facing Markdown file. */
export function codeBlocks(): Block[] {
  const blocks: Block[] = [];
  for (const file of docFiles) {
    const lines = readDoc(file).split("\n");
    for (let i = 0; i < lines.length; i++) {
      const open = lines[i]!.match(/^```(\S*)\s*$/);
      if (!open) continue;
      let end = i + 1;
      while (end < lines.length && lines[end] !== "```") end++;
      const example = lines[i - 1]?.match(/^<!-- example: (\S+) -->$/)?.[1];
      blocks.push({
        file,
        line: i + 2,
        lang: open[1]!,
        code: lines.slice(i + 1, end).join("\n"),
        ...(example ? { example } : {}),
      });
      i = end;
    }
  }
  return blocks;
}
