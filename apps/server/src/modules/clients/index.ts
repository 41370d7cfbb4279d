/** @module Clients: created at first start (and by tests); every other row belongs to one. */
export { createClientsService, type ClientsService, type NewClient } from './service.js'
