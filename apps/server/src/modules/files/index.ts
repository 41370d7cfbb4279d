/** @module Files: uploaded through hosted Link or the Files API, listed and downloaded by the client. */
export { filesRoutes, linkFileRoutes, MAX_FILES_PER_REQUEST } from './routes.js'
export { createFilesService, type FilesService } from './service.js'
