import type { z } from 'zod';

/** What the cross-field checks read: the parsed config's names and types, nothing else. */
interface References {
  inputs: { jsonl: string } | { editworld: unknown };
  backends: Record<string, { type: string }>;
  decomposer: { type: string; backend?: string };
  candidates: readonly { name: string; type: string; backend?: string }[];
  tracePool: readonly { backend: string; model?: string | undefined }[];
  verifier: { type: string; backend?: string };
}

/** The store resource of in-process units (pipeline/types.ts NewUnit.resource), so no backend may take the name. */
const RESERVED_RESOURCE = 'local';

/** Backend types that judge (the trace pool may use any); the decomposer and verifier need a real VLM. */
const JUDGING_TYPES = ['openai', 'embedded', 'embedded-noisy'];

/**
 * Checks what one field cannot see alone: every named backend exists and is of a type that can do the
 * job; EditWorld-only candidate sources and the oracle verifier have EditWorld inputs. Each issue names
 * its path. (decomposer `given` with JSONL inputs is checked when the inputs are read: only the lines
 * know whether they carry principles.)
 */
export function checkReferences(config: References, ctx: z.RefinementCtx): void {
  const names = Object.keys(config.backends);
  const listed = names.length > 0 ? `backends has ${names.join(', ')}` : 'backends is empty';
  const need = (path: (string | number)[], name: string, types: readonly string[], role: string) => {
    const backend = config.backends[name];
    if (!backend) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `no backend named "${name}" (${listed}); add it under backends`,
      });
    } else if (!types.includes(backend.type)) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `backend "${name}" is ${backend.type}, but ${role} needs ${types.join(' or ')}`,
      });
    }
    return backend;
  };
  const editworld = 'editworld' in config.inputs;
  if (RESERVED_RESOURCE in config.backends) {
    ctx.addIssue({
      code: 'custom',
      path: ['backends', RESERVED_RESOURCE],
      message: `the name "${RESERVED_RESOURCE}" is reserved for in-process work (the store's resource for it); rename this backend`,
    });
  }

  if (config.decomposer.type === 'vlm' && config.decomposer.backend !== undefined) {
    need(['decomposer', 'backend'], config.decomposer.backend, ['openai'], 'the vlm decomposer');
  }
  config.candidates.forEach((source, i) => {
    if (source.type === 'image-edit' && source.backend !== undefined) {
      need(['candidates', i, 'backend'], source.backend, ['openai'], 'an image-edit candidate source');
    }
    if (source.type === 'editworld' && !editworld) {
      ctx.addIssue({
        code: 'custom',
        path: ['candidates', i, 'type'],
        message:
          'editworld candidates need editworld inputs (inputs: {editworld: {...}}); use folder, jsonl or image-edit',
      });
    }
  });
  config.tracePool.forEach((member, i) => {
    const backend = need(['tracePool', i, 'backend'], member.backend, JUDGING_TYPES, 'a trace-pool member');
    if (backend?.type === 'openai' && member.model === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['tracePool', i, 'model'],
        message: `required: backend "${member.backend}" is openai, so name the model to ask`,
      });
    }
  });
  if (config.verifier.type === 'vlm' && config.verifier.backend !== undefined) {
    need(['verifier', 'backend'], config.verifier.backend, ['openai'], 'the vlm verifier');
  }
  if (config.verifier.type === 'oracle' && !editworld) {
    ctx.addIssue({
      code: 'custom',
      path: ['verifier', 'type'],
      message:
        "the oracle verifier knows only EditWorld's truth: use editworld inputs, or {type: vlm, backend, model}",
    });
  }
}
