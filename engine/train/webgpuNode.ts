/**
 * WebGPU in Node: the npm package `webgpu` (Google's Dawn, its native binary shipped inside the package)
 * provides `navigator.gpu` and the `GPU*` constants (GPUBufferUsage, GPUMapMode, ...) that
 * @tensorflow/tfjs-backend-webgpu expects of a browser. Install them with `installWebGpu()` before that
 * package is imported: it registers its backend only when `navigator.gpu` exists.
 *
 * A thread loads Dawn once and keeps it (~15 ms, measured); the coordinator never does: its `auto` probe
 * runs this very module as a script in a child process (~150 ms), which can be killed if a driver hangs
 * and whose Dawn warnings ("vkCreateInstance: Found no drivers!", printed natively to stderr) stay out of
 * the CLI's output.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Set to 1 to let an explicit `--backend webgpu` use a software adapter (SwiftShader): for tests and CI. */
export const ALLOW_SOFTWARE_ENV = 'FEDFLOW_WEBGPU_ALLOW_SOFTWARE';

/** How long a thread or the probe waits for an adapter before giving up. */
export const ADAPTER_TIMEOUT_MS = 5_000;

/** What a thread found when it asked for a WebGPU adapter. */
export interface AdapterReport {
  /** Human-readable, for events and the CLI header: the driver's description, else vendor and architecture. */
  name: string;
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** A CPU (software) implementation, such as SwiftShader or lavapipe: never chosen by `auto`. */
  software: boolean;
}

/** The probe's answer: an adapter, or why there is none. */
export type ProbeResult = { adapter: AdapterReport } | { adapter: null; reason: string };

const SOFTWARE_NAMES = /swiftshader|llvmpipe|lavapipe|softpipe|software|microsoft basic render/i;

/** Describes an adapter; `software` from `isFallbackAdapter` or a known software driver's name. */
export function describeAdapter(adapter: GPUAdapter): AdapterReport {
  const info = adapter.info;
  const fields = { vendor: info.vendor ?? '', architecture: info.architecture ?? '', device: info.device ?? '', description: info.description ?? '' };
  const fallback = Boolean((info as { isFallbackAdapter?: boolean }).isFallbackAdapter ?? (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter);
  const software = fallback || Object.values(fields).some((v) => SOFTWARE_NAMES.test(v));
  const base = fields.description || [fields.vendor, fields.architecture].filter(Boolean).join(' ') || 'unnamed adapter';
  return { name: software ? `${base}, software` : base, ...fields, software };
}

let gpu: GPU | null = null;

/**
 * Loads Dawn in this thread (once) and installs `navigator.gpu` and the `GPU*` globals. Returns the GPU
 * object. Throws if the package or its binary for this platform is missing.
 */
export async function installWebGpu(): Promise<GPU> {
  if (gpu) return gpu;
  const { create, globals } = (await import('webgpu')) as { create: (options: string[]) => GPU; globals: object };
  const instance = create([]);
  for (const [key, value] of Object.entries(globals)) {
    if (!(key in globalThis)) Object.defineProperty(globalThis, key, { value, configurable: true, writable: true });
  }
  const g = globalThis as { navigator?: object };
  if (g.navigator) Object.defineProperty(g.navigator, 'gpu', { value: instance, configurable: true, writable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu: instance }, configurable: true, writable: true });
  gpu = instance;
  return instance;
}

/** Resolves with `promise`, or rejects after `ms` with `message`. */
function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Asks Dawn for the adapter tfjs-backend-webgpu will get (same options), with a timeout. */
export async function requestAdapter(instance: GPU, timeoutMs = ADAPTER_TIMEOUT_MS): Promise<GPUAdapter | null> {
  return withTimeout(
    instance.requestAdapter({ powerPreference: 'high-performance' }),
    timeoutMs,
    `No answer from the WebGPU driver within ${timeoutMs / 1000} s.`,
  );
}

/** Whether the Vulkan loader (libvulkan.so.1) is where the dynamic linker will look for it. */
export function hasVulkanLoader(): boolean {
  const dirs = (process.env.LD_LIBRARY_PATH ?? '').split(delimiter).filter(Boolean);
  dirs.push('/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/lib/x86_64-linux-gnu', '/usr/lib64', '/usr/lib', '/usr/local/lib');
  if (dirs.some((d) => existsSync(join(d, 'libvulkan.so.1')))) return true;
  try {
    // The linker's cache holds every registered library's name as plain text.
    return readFileSync('/etc/ld.so.cache').includes('libvulkan.so.1');
  } catch {
    return false;
  }
}

/** The Vulkan driver manifests (ICDs) the loader would find, as it searches for them. */
export function vulkanDrivers(): string[] {
  const env = process.env.VK_DRIVER_FILES ?? process.env.VK_ICD_FILENAMES;
  if (env) return env.split(delimiter).filter((f) => existsSync(f));
  const configDirs = (process.env.XDG_CONFIG_DIRS ?? '/etc/xdg').split(delimiter);
  const dataDirs = (process.env.XDG_DATA_DIRS ?? '/usr/local/share:/usr/share').split(delimiter);
  const dataHome = process.env.XDG_DATA_HOME ?? join(homedir(), '.local/share');
  const dirs = [...configDirs, '/etc', dataHome, ...dataDirs].map((d) => join(d, 'vulkan/icd.d'));
  const extra = (process.env.VK_ADD_DRIVER_FILES ?? '').split(delimiter).filter((f) => f && existsSync(f));
  return [
    ...extra,
    ...dirs.flatMap((d) => {
      try {
        return readdirSync(d).filter((f) => f.endsWith('.json')).map((f) => join(d, f));
      } catch {
        return [];
      }
    }),
  ];
}

/**
 * Why a platform offers no WebGPU adapter, as far as we can tell without the GPU: on Linux Dawn needs the
 * Vulkan loader and a Vulkan driver. Returns undefined where nothing is known to be missing.
 */
export function missingVulkan(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  if (!hasVulkanLoader()) {
    return 'the Vulkan loader libvulkan.so.1 is missing: install it (Debian and Ubuntu: `apt-get install libvulkan1`) and a Vulkan driver for your GPU (Mesa\'s radv/anv in mesa-vulkan-drivers, or NVIDIA\'s driver)';
  }
  if (vulkanDrivers().length === 0) {
    return 'no Vulkan driver is installed (no ICD file in /usr/share/vulkan/icd.d or /etc/vulkan/icd.d): install one for your GPU (Mesa\'s radv/anv in mesa-vulkan-drivers, or NVIDIA\'s driver)';
  }
  return undefined;
}

/** Loads Dawn in this thread and reports its adapter, or why there is none. Never throws. */
export async function probeInThisThread(timeoutMs = ADAPTER_TIMEOUT_MS): Promise<ProbeResult> {
  try {
    const adapter = await requestAdapter(await installWebGpu(), timeoutMs);
    if (adapter) return { adapter: describeAdapter(adapter) };
    return { adapter: null, reason: missingVulkan() ?? 'Dawn found no WebGPU adapter (no usable GPU driver)' };
  } catch (e) {
    return { adapter: null, reason: (e as Error).message.split('\n')[0] };
  }
}

let probed: Promise<ProbeResult> | null = null;

/**
 * The adapter a worker would get, found without loading Dawn in this thread: where Vulkan is plainly
 * missing (Linux, no loader or no driver) at once, else by running this module in a child process
 * that is killed after the timeout. Done once per process and cached.
 */
export function probeAdapter(timeoutMs = ADAPTER_TIMEOUT_MS): Promise<ProbeResult> {
  probed ??= (async (): Promise<ProbeResult> => {
    const missing = missingVulkan();
    if (missing) return { adapter: null, reason: missing };
    const script = fileURLToPath(import.meta.url);
    return new Promise<ProbeResult>((resolve) => {
      execFile(process.execPath, [script], { timeout: timeoutMs, killSignal: 'SIGKILL', encoding: 'utf8' }, (error, stdout) => {
        const line = stdout.trim().split('\n').at(-1);
        if (!error && line) {
          try {
            resolve(JSON.parse(line) as ProbeResult);
            return;
          } catch {
            // fall through
          }
        }
        const why = error?.killed ? `no answer from the WebGPU driver within ${timeoutMs / 1000} s` : `the WebGPU probe failed (${error?.message.split('\n')[0] ?? 'no output'})`;
        resolve({ adapter: null, reason: why });
      });
    });
  })();
  return probed;
}

/** Whether software adapters are allowed for an explicit `webgpu` backend (FEDFLOW_WEBGPU_ALLOW_SOFTWARE=1). */
export function softwareAllowed(): boolean {
  return process.env[ALLOW_SOFTWARE_ENV] === '1';
}

// Run as a script (the coordinator's probe): print the probe's result as one JSON line and exit, which
// also releases Dawn (a live GPU object keeps Node from exiting).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void probeInThisThread().then((result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  });
}
