/**
 * Which Chromium the browser tests, the UI bench and the screenshot script launch, and with which flags.
 * Playwright's own Chromium when installed and `PLAYWRIGHT_OWN_BROWSER` is set; otherwise `CHROMIUM_PATH`, or the
 * system one (CI installs Debian's `/usr/bin/chromium`).
 */
import { existsSync } from 'node:fs';

const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

export const chromiumExecutablePath: string | undefined =
  process.env.CHROMIUM_PATH || (process.env.PLAYWRIGHT_OWN_BROWSER ? undefined : systemChromium);

/** Headless in a container, and no calls home: this machine's network is closed. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const chromiumLaunchOptions = { executablePath: chromiumExecutablePath, args: chromiumArgs };
