/**
 * Workload generator: realistic UCS listener queue files (ListenerUDMVersion 1), deterministic
 * for a seed. Used by the benchmarks under bench/ and welcome in tests.
 */
export { SeededRandom } from './random.js';
export { serializeQueueFile, QueueFileNamer } from './queue-file.js';
export type { QueueRecord, UdmObject, UdmObjectType, UdmValue } from './queue-file.js';
export { dnOf, deleteRecord } from './objects.js';
export type { DirectoryNaming } from './objects.js';
export { UserFactory } from './users.js';
export { USER_ATTRIBUTE_CHANGES, changeOneAttribute } from './changes.js';
export { DirectoryWorkload, BENCHMARK_SIZE, DEFAULT_WORKLOAD_OPTIONS } from './directory.js';
export type { DirectorySize, WorkloadOptions } from './directory.js';
export { QueueDirectoryWriter } from './writer.js';
