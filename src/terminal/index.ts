/**
 * Output made for a terminal, and plain where there is none: shared by the CLI and the
 * generated repository's scripts (`npx projen cost`, the local topology).
 */
export { colorEnabled, DEFAULT_COLUMNS, screenOf, textOutputOf, type Screen, type TextOutput } from './screen';
export { inlineMarkdown, PLAIN, styleFor, type Style } from './style';
export { displayWidth, stripAnsi, truncate, wrapLine, wrapText, type WrapOptions } from './text';
export { formatTable, type Align, type TableOptions } from './table';
export { createSteps, type StepInfo, type StepOutcome, type Steps } from './progress';
export { formatElapsed } from './ticker';
export { lineWriterFor } from './lines';
