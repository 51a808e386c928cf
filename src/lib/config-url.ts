/** Where the dashboard's start-up config is (server/app.ts); its own module so src/early.ts stays small. */
export const CONFIG_URL = '/api/config';

/**
 * The id of the `<script type="application/json">` block in which the server hands the page `/api/config`'s answer
 * along with the HTML (server/lib/page-config.ts), so that the first list request needs no round trip before it.
 */
export const CONFIG_ELEMENT_ID = 'cfie-config';
