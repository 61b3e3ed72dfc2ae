// The app version (User-Agent, receipts, `counter --version`). test/unit/version.test.ts keeps
// it equal to package.json.
export const APP_VERSION = '0.1.0';
