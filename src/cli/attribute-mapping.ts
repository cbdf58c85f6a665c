// `ox-connector attribute-mapping dump | restore-default | modify --set OX UDM | --unset OX |
// --set-alternatives OX UDM... | --unset-alternatives OX` (also restore_default, --set_alternatives,
// --unset_alternatives): the original's change_attribute_mapping.py on <data dir>/AttributeMapping.json.
// Notices go to stderr so `dump > file` is clean JSON.
import { join } from 'node:path';
import type { Command } from 'commander';
import {
  applyMappingEdits,
  formatMapping,
  loadMappingForEdit,
  parseMappingEdits,
  saveMapping,
} from '../config/attribute-mapping-edit.js';
import { ATTRIBUTE_MAPPING_FILE, defaultAttributeMapping } from '../config/attribute-mapping.js';
import { DATA_DIR_OPTION, dataDirOf, emit } from './admin-common.js';
import { exitCodes, UsageError } from './exit-codes.js';

/** The operations could not be read (unknown operation, wrong number of values): a usage error, exit 2. */
function usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function mappingPath(cmd: Command): string {
  const { dataDir } = cmd.optsWithGlobals() as { dataDir?: string };
  return join(dataDirOf(dataDir), ATTRIBUTE_MAPPING_FILE);
}

export function registerAttributeMapping(program: Command): void {
  const am = exitCodes(program.command('attribute-mapping'), [
    [0, 'done'],
    [1, 'the file could not be read or written, or an edit was refused (see the sub-command)'],
  ])
    .description('show or change the OX ↔ UDM user attribute mapping (<data dir>/AttributeMapping.json)')
    .option(...DATA_DIR_OPTION);

  exitCodes(am.command('dump'), [
    [0, 'printed'],
    [1, 'failed'],
  ])
    .description('print the current mapping as JSON')
    .option('--json', 'the same: the mapping is JSON (accepted for scripts that pass --json to every command)')
    .action((_o, cmd: Command) => {
      const { mapping, notice } = loadMappingForEdit(mappingPath(cmd));
      if (notice) console.error(notice);
      console.error('Dump current configuration.');
      console.log(formatMapping(mapping));
    });

  exitCodes(am.command('restore-default'), [
    [0, 'written'],
    [1, 'the file could not be written'],
  ])
    .alias('restore_default')
    .description('write the built-in default mapping')
    .option('--json', 'print the result as JSON: {"file"}')
    .action((o: { json?: boolean }, cmd: Command) => {
      const path = mappingPath(cmd);
      console.error('Restoring default configuration.');
      saveMapping(path, defaultAttributeMapping());
      emit(Boolean(o.json), { file: path }, () => `Wrote the default mapping to ${path}.`);
    });

  exitCodes(am.command('modify'), [
    [0, 'saved'],
    [1, 'an edit was refused (unknown OX property, a property OX requires unset) or the file could not be written'],
    [2, 'usage or configuration error (an unknown operation, a wrong number of values)'],
  ])
    .description(
      'change the mapping: --set OX UDM (repeatable), --unset OX, --set-alternatives OX UDM..., --unset-alternatives OX',
    )
    .allowUnknownOption()
    .argument('<operations...>', 'e.g. --set userfield01 description --unset_alternatives email1')
    .helpOption('-h, --help', 'show help')
    .option('--json', 'print the result as JSON: {"file"}')
    .action((tokens: string[], o: { json?: boolean }, cmd: Command) => {
      const path = mappingPath(cmd);
      const edits = usage(() => parseMappingEdits(tokens));
      const { mapping, notice } = loadMappingForEdit(path);
      if (notice) console.error(notice);
      console.error('Modifying mapping');
      const next = applyMappingEdits(mapping, edits);
      saveMapping(path, next);
      emit(
        Boolean(o.json),
        { file: path },
        () => `Saved ${path}; the running connector uses it from the next user change.`,
      );
    });
}
