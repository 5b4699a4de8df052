import { config } from "@/lib/config";
import { cn } from "@/components/ui/cn";

/** The first letter of the product's name, for the monogram shown when no logo is configured. */
export function monogram(name: string): string {
  const first = [...name.trim()][0];
  return first ? first.toLocaleUpperCase("en") : "?";
}

/**
 * The operator's logo (LOGO_URL), else a monogram of the product's name in the brand colour.
 * Decorative: the page heading and the header already name the product.
 */
export function BrandLogo({ className }: { className?: string }) {
  const { name, logoUrl } = config.brand;
  if (logoUrl) {
    // eslint-disable-next-line @next/next/no-img-element -- any configured URL, no image optimisation
    return <img src={logoUrl} alt="" height={48} className={cn("h-12 w-auto", className)} />;
  }
  return (
    <span
      aria-hidden="true"
      className={cn(
        "grid size-12 place-items-center rounded-xl bg-primary text-2xl leading-none font-bold text-primary-foreground shadow-sm select-none",
        className,
      )}
    >
      {monogram(name)}
    </span>
  );
}
