// The benchmark's subjects by name: our engine first, then the peers it is measured against.
import type { BackupTool, ToolContext } from './backup-tool.js';
import { createBorg } from './borg.js';
import { createDuplicity } from './duplicity.js';
import { createHausmeister } from './hausmeister.js';
import { createRestic } from './restic.js';

export const TOOL_NAMES = ['hausmeister', 'restic', 'borg', 'duplicity'] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

const FACTORIES: Record<ToolName, (context: ToolContext) => BackupTool> = {
  hausmeister: createHausmeister,
  restic: createRestic,
  borg: createBorg,
  duplicity: createDuplicity,
};

export function createTool(name: ToolName, context: ToolContext): BackupTool {
  return FACTORIES[name](context);
}

export function isToolName(name: string): name is ToolName {
  return (TOOL_NAMES as readonly string[]).includes(name);
}
