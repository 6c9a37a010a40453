/** Radio buttons picking one of `options`, named `label` for assistive tech. */
export function ChoiceGroup<T extends string>({
  label,
  name,
  options,
  value,
  onChange,
  className,
}: {
  label: string;
  /** The radio group's name (one per page). */
  name: string;
  options: readonly (readonly [T, string])[];
  value: T;
  onChange(value: T): void;
  className?: string;
}) {
  return (
    <fieldset className={className} aria-label={label}>
      {options.map(([option, text]) => (
        <label key={option}>
          <input type="radio" name={name} checked={value === option} onChange={() => onChange(option)} />
          {text}
        </label>
      ))}
    </fieldset>
  );
}
