// The composition root lives in libs/platform (so the workers app and tests share it);
// feature modules are listed in libs/platform/src/feature-modules.ts.
export { createApiApp, DASHBOARD_DIST, BODY_LIMIT_BYTES } from '@northstar/platform';
