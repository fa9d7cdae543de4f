import type { Screen } from './screen';
import { wrapText } from './text';

/**
 * A line writer for `screen`: each line wrapped at word boundaries to its width (an
 * indented line keeps its indent), so the terminal never breaks a word. Without a screen,
 * `write` itself: piped output keeps its lines as they are.
 */
export function lineWriterFor(write: (line: string) => void, screen: Screen | undefined): (line: string) => void {
  if (screen === undefined) return write;
  return (line) => {
    for (const l of wrapText(line, screen.columns - 1)) write(l);
  };
}
