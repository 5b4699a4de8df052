import type { SVGAttributes } from "react";
import type { DeviceKind } from "@/lib/util/user-agent";
import { cn } from "./cn";
import { OutlineIcon } from "./outline-icon";

// 24×24 outline icons drawn with the current text colour; decorative (the device is written beside them).
const PATHS: Record<DeviceKind, string> = {
  computer: "M4 5h16a1 1 0 0 1 1 1v9a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1Zm4 15h8m-4-4v4",
  phone: "M8 2.5h8a1.5 1.5 0 0 1 1.5 1.5v16a1.5 1.5 0 0 1-1.5 1.5H8A1.5 1.5 0 0 1 6.5 20V4A1.5 1.5 0 0 1 8 2.5Zm3 16h2",
  tablet:
    "M6 2.5h12A1.5 1.5 0 0 1 19.5 4v16a1.5 1.5 0 0 1-1.5 1.5H6A1.5 1.5 0 0 1 4.5 20V4A1.5 1.5 0 0 1 6 2.5Zm5 16h2",
  program: "M4 4.5h16a1 1 0 0 1 1 1v13a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1v-13a1 1 0 0 1 1-1Zm3 5 3 2.5-3 2.5m5 0h5",
};

/** A device's outline icon in a soft square, hidden from assistive technology. */
export function DeviceIcon({ kind, className, ...props }: { kind: DeviceKind } & SVGAttributes<SVGSVGElement>) {
  return (
    <span
      aria-hidden="true"
      className={cn(
        "inline-flex size-10 shrink-0 items-center justify-center rounded-md bg-muted text-muted-foreground",
        className,
      )}
    >
      <OutlineIcon size={22} strokeWidth={1.6} {...props}>
        <path d={PATHS[kind]} />
      </OutlineIcon>
    </span>
  );
}
