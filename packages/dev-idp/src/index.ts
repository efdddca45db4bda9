/**
 * `@evident/dev-idp`: a local OpenID Connect provider and a scripted user agent, for tests and
 * the demo only (a private workspace package, never a runtime dependency of a published one).
 * @module
 */
export {
  freeLoopbackPort,
  startDevIdp,
  type DevIdp,
  type DevIdpClient,
  type DevIdpOptions,
  type DevIdpPerson,
} from './dev-idp.js';
export { loginAtDevIdp, scriptedAgent, type DevLogin, type ScriptedAgent } from './scripted-agent.js';
