/** @module `linkway users`' usage and its error: light, so `linkway sync` does not load the database to print them. */

export const USERS_USAGE = `Usage: linkway users add <email> --role admin|viewer
       linkway users list
       linkway users remove <email>
       linkway users reset <email>

Manages the Portal's users of the first client, directly in the database: DATA_DIR (embedded,
while Linkway is stopped) or DATABASE_URL (with Linkway running or not).

Environment:
  LINKWAY_USER_PASSWORD  the password for add and reset (12 to 200 characters); unset, it is asked for
  DATA_DIR, DATABASE_URL as for the server`

export class UsersCliError extends Error {}

