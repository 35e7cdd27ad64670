import type { Compute } from './model.ts';

/** A machine's CPU and memory, as `fly.MachineGuest` in the Machines API spec (the keys fly-deploy sets). */
export interface MachineGuest {
  cpu_kind: string;
  cpus: number;
  memory_mb: number;
  max_memory_mb?: number;
  kernel_args?: string[];
}

/** flyctl's default size for a machine no `[[vm]]` sizes (fly-go `DefaultVMSize`). */
export const DEFAULT_VM_SIZE = 'shared-cpu-1x';

// The CPU presets Fly names (fly-go machine_types.go MachinePresets): shared CPUs come with 256 MB each,
// performance CPUs with 2 GB each. GPU presets are left out: fly-deploy does not run GPU machines.
const SHARED_CPUS = [1, 2, 4, 6, 8];
const PERFORMANCE_CPUS = [1, 2, 4, 6, 8, 10, 12, 14, 16];

/** The guest of each named size, e.g. `shared-cpu-2x` → 2 shared CPUs and 512 MB. */
export const VM_SIZES: ReadonlyMap<string, MachineGuest> = new Map([
  ...SHARED_CPUS.map((n): [string, MachineGuest] => [
    `shared-cpu-${n}x`,
    { cpu_kind: 'shared', cpus: n, memory_mb: n * 256 },
  ]),
  ...PERFORMANCE_CPUS.map((n): [string, MachineGuest] => [
    `performance-${n}x`,
    { cpu_kind: 'performance', cpus: n, memory_mb: n * 2048 },
  ]),
]);

/**
 * The guest a `[[vm]]` section asks for (flyctl machines.go computeToGuest): the named size (default
 * shared-cpu-1x), then `memory`, then any of `cpu_kind`, `cpus`, `memory_mb`, `max_memory_mb`, `kernel_args` set
 * explicitly, which win.
 *
 * @throws Error for an unknown size; validation reports that with its line before this runs.
 */
export function computeToGuest(compute: Omit<Compute, 'processes'>): MachineGuest {
  const size = compute.size ?? DEFAULT_VM_SIZE;
  const preset = VM_SIZES.get(size);
  if (preset === undefined) throw new Error(`unknown VM size ${JSON.stringify(size)}`);
  const guest: MachineGuest = { ...preset };
  if (compute.memory !== undefined) guest.memory_mb = compute.memory;
  if (compute.cpu_kind !== undefined) guest.cpu_kind = compute.cpu_kind;
  if (compute.cpus !== undefined) guest.cpus = compute.cpus;
  if (compute.memory_mb !== undefined) guest.memory_mb = compute.memory_mb;
  if (compute.max_memory_mb !== undefined) guest.max_memory_mb = compute.max_memory_mb;
  if (compute.kernel_args !== undefined && compute.kernel_args.length > 0)
    guest.kernel_args = [...compute.kernel_args];
  return guest;
}
