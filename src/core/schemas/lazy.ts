/**
 * Schemas built on first use instead of when the module loads. Building every kind's valibot
 * schema took about 2–3 ms of a cold start (Node, workerd) and ~100 KB of heap, and a process
 * that sends only texts and reply buttons (which `accept()` checks without valibot) never needs
 * one.
 * @module
 */

const BUILD = new WeakMap<object, () => object>();

/**
 * A value that is built once, the first time `get()` is called.
 * @internal
 */
export function once<T>(build: () => T): () => T {
  let value: T | undefined;
  let done = false;
  return () => {
    if (!done) {
      value = build();
      done = true;
    }
    return value as T;
  };
}

/**
 * A public schema that is built the first time anything reads it. It behaves as the schema
 * itself for reading: properties, `in`, keys, spreading, `v.parse()` and every other valibot
 * function, and Node's and Deno's `console.log`. Inside wafluent, {@link built} gives the schema
 * itself, so validation reads plain objects.
 * @internal
 */
export function lazy<T extends object>(build: () => T): T {
  const get = once(build);
  const show = (_depth: unknown, options: unknown, inspect: (x: unknown, o: unknown) => string) =>
    inspect(get(), options);
  // Node's and Deno's inspectors show a proxy's target without running its traps.
  const target = {
    [Symbol.for("nodejs.util.inspect.custom")]: show,
    [Symbol.for("Deno.customInspect")]: (inspect: (x: unknown, o: unknown) => string, options: unknown) =>
      inspect(get(), options),
  };
  const schema = new Proxy(target, {
    get: (_, key) => Reflect.get(get(), key),
    has: (_, key) => Reflect.has(get(), key),
    ownKeys: () => Reflect.ownKeys(get()),
    getOwnPropertyDescriptor: (_, key) => {
      const d = Reflect.getOwnPropertyDescriptor(get(), key);
      // A proxy may not report a property as non-configurable unless its target has it so.
      return d && { ...d, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(get()),
    set: (_, key, value) => Reflect.set(get(), key, value),
    defineProperty: (_, key, d) => Reflect.defineProperty(get(), key, d),
    deleteProperty: (_, key) => Reflect.deleteProperty(get(), key),
  }) as unknown as T;
  BUILD.set(schema, get);
  return schema;
}

/**
 * The schema behind a {@link lazy} one (built now if it was not yet), or `schema` itself.
 * @internal
 */
export function built<T>(schema: T): T {
  const get = BUILD.get(schema as object);
  return get ? (get() as T) : schema;
}
