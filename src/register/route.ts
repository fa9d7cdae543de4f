/** How `create-fargate-connect/register` shares `.js` files between tsx and Node (./index.ts). */

/** A `require.extensions` entry: loads one file into its module. */
export type ExtensionLoader = (module: NodeJS.Module, filename: string) => unknown;

/**
 * Registers tsx (`loadTsx`), then gives `.js` files under a `node_modules` folder back to
 * the loader that had them before (Node's own), when Node requires ES modules itself
 * (`nodeRequiresEsm`). The repository's own files, and every other extension, stay with
 * tsx. Returns whether `.js` files are now shared.
 */
export function registerTsxForOwnFiles(
  extensions: Record<string, ExtensionLoader | undefined>,
  loadTsx: () => void,
  nodeRequiresEsm: boolean,
): boolean {
  const before = extensions['.js'];
  loadTsx();
  const tsx = extensions['.js'];
  if (!nodeRequiresEsm || !before || !tsx || tsx === before) return false;
  extensions['.js'] = (module, filename) => (isDependency(filename) ? before : tsx)(module, filename);
  return true;
}

/** A file of an installed package: one whose path goes through a `node_modules` folder. */
export function isDependency(filename: string): boolean {
  return filename.split(/[\\/]/).includes('node_modules');
}
