export { renderProjenrc } from './projenrc';
export { renderFiles, renderFrontDoorFile, ownerOf, type RenderedFile, type Owner } from './render-files';
export { renderTemplate } from './handlebars';
export { loadTemplates, TEMPLATES_DIR, type TemplateFile } from './templates';
export { buildView, type View, type EdgeView } from './view';
