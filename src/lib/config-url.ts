/** Where the dashboard's start-up config is (server/app.ts); its own module so src/early.ts stays small. */
export const CONFIG_URL = '/api/config';
