export {
  createScriptedBackend,
  type ScriptedBackend,
  type ScriptedBackendOptions,
  type ScriptedChoice,
  type ScriptedReply,
} from './scripted-backend.js';
