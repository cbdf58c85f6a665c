// Editing the user attribute mapping (the original's change_attribute_mapping.py,
// docs/reference/original-connector.md): --set OX UDM, --unset OX, --set-alternatives OX UDM..., --unset-alternatives
// OX, applied in that order. Only OX properties of the mapping can be changed; a non-nillable one cannot be unset. The
// file is replaced atomically; the running connector re-reads it on its next user (AttributeMappingFile checks the
// mtime).
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from './atomic-file.js';
import { defaultAttributeMapping, parseAttributeMapping, type AttributeMapping } from './attribute-mapping.js';

export interface MappingEdits {
  set: [string, string][];
  unset: string[];
  setAlternatives: [string, string[]][];
  unsetAlternatives: string[];
}

export class MappingEditError extends Error {
  override name = 'MappingEditError';
}

/** Current mapping from the file, or the default with the reason why. */
export function loadMappingForEdit(path: string): { mapping: AttributeMapping; notice?: string } {
  if (!existsSync(path))
    return { mapping: defaultAttributeMapping(), notice: 'Current configuration not found. Using default mapping.' };
  try {
    return { mapping: parseAttributeMapping(readFileSync(path, 'utf8')) };
  } catch (err) {
    return {
      mapping: defaultAttributeMapping(),
      notice: `Current configuration not found. Using default mapping. (${path}: ${(err as Error).message})`,
    };
  }
}

function known(mapping: AttributeMapping, ox: string): void {
  if (!(ox in mapping)) {
    throw new MappingEditError(`Unknown OX property "${ox}". Known properties: ${Object.keys(mapping).join(', ')}.`);
  }
}

export function applyMappingEdits(mapping: AttributeMapping, edits: MappingEdits): AttributeMapping {
  const m: AttributeMapping = JSON.parse(JSON.stringify(mapping)) as AttributeMapping;
  for (const [ox, udm] of edits.set) {
    known(m, ox);
    if (udm.trim() === '') throw new MappingEditError(`--set ${ox}: give the UDM property to map it to.`);
    m[ox].ldap_attribute = udm;
  }
  for (const ox of edits.unset) {
    known(m, ox);
    if (!m[ox].nillable) throw new MappingEditError(`Cannot unset non-nillable property "${ox}": OX requires it.`);
    m[ox].ldap_attribute = null;
    m[ox].alternative_attributes = [];
  }
  for (const [ox, alts] of edits.setAlternatives) {
    known(m, ox);
    if (alts.length === 0) throw new MappingEditError(`--set-alternatives ${ox}: give at least one UDM property.`);
    m[ox].alternative_attributes = [...alts];
  }
  for (const ox of edits.unsetAlternatives) {
    known(m, ox);
    m[ox].alternative_attributes = [];
  }
  return m;
}

/** Parses the modify arguments; accepts --set_alternatives / --unset_alternatives (the original's spelling). */
export function parseMappingEdits(tokens: string[]): MappingEdits {
  const edits: MappingEdits = { set: [], unset: [], setAlternatives: [], unsetAlternatives: [] };
  let i = 0;
  const operands = (): string[] => {
    const out: string[] = [];
    while (i < tokens.length && !tokens[i].startsWith('--')) out.push(tokens[i++]);
    return out;
  };
  while (i < tokens.length) {
    const op = tokens[i++].replace(/_/g, '-');
    const args = operands();
    const need = (n: number, usage: string) => {
      if (args.length !== n) throw new MappingEditError(`${op} expects ${usage}, got ${args.length} value(s).`);
    };
    switch (op) {
      case '--set':
        need(2, 'OX_PROPERTY UDM_PROPERTY');
        edits.set.push([args[0], args[1]]);
        break;
      case '--unset':
        need(1, 'OX_PROPERTY');
        edits.unset.push(args[0]);
        break;
      case '--set-alternatives':
        if (args.length < 2) throw new MappingEditError(`${op} expects OX_PROPERTY UDM_PROPERTY [UDM_PROPERTY...].`);
        edits.setAlternatives.push([args[0], args.slice(1)]);
        break;
      case '--unset-alternatives':
        need(1, 'OX_PROPERTY');
        edits.unsetAlternatives.push(args[0]);
        break;
      default:
        throw new MappingEditError(
          `Unknown modify operation ${op}; use --set, --unset, --set-alternatives or --unset-alternatives.`,
        );
    }
  }
  if (edits.set.length + edits.unset.length + edits.setAlternatives.length + edits.unsetAlternatives.length === 0)
    throw new MappingEditError(
      'modify needs at least one of --set, --unset, --set-alternatives, --unset-alternatives.',
    );
  return edits;
}

/** JSON as the original writes it (indent 4). */
export function formatMapping(mapping: AttributeMapping): string {
  return JSON.stringify(mapping, null, 4);
}

export function saveMapping(path: string, mapping: AttributeMapping): void {
  writeFileAtomic(path, formatMapping(mapping) + '\n', 0o644);
}
