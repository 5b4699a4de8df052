import type { ReactNode, SVGAttributes } from "react";

/**
 * A 24×24 outline icon drawn in the current text colour, hidden from assistive technology (the
 * words beside it say what it means). Children are its paths and shapes.
 */
export function OutlineIcon({
  size = 18,
  strokeWidth = 2,
  children,
  ...props
}: { size?: number; children: ReactNode } & Omit<SVGAttributes<SVGSVGElement>, "width" | "height">) {
  return (
    <svg
      aria-hidden="true"
      focusable="false"
      viewBox="0 0 24 24"
      width={size}
      height={size}
      fill="none"
      stroke="currentColor"
      strokeWidth={strokeWidth}
      strokeLinecap="round"
      strokeLinejoin="round"
      {...props}
    >
      {children}
    </svg>
  );
}
