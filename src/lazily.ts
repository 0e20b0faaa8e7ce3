/**
 * A value built on its first use and kept. For what every start would otherwise pay for before its first
 * answer and may never need: the content schemas (a bundled start takes content validated at build
 * time), the crisis model's weights.
 */
export function lazily<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}
