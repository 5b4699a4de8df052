"use client";

import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import styles from "./photo.module.css";

/** The square kept, in the image's own pixels (as the browser shows it: after its EXIF orientation). */
type Crop = { x: number; y: number; size: number };

const VIEWPORT = 240;
const MAX_ZOOM = 8;

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max);

function fit(crop: Crop, width: number, height: number): Crop {
  const size = Math.round(clamp(crop.size, 1, Math.min(width, height)));
  return {
    size,
    x: Math.round(clamp(crop.x, 0, width - size)),
    y: Math.round(clamp(crop.y, 0, height - size)),
  };
}

/**
 * Picks the square of `file` to keep: drag the picture (or use the arrow keys) to move it, the
 * zoom slider (or + and -) to scale it. The choice travels with the form as cropX, cropY and
 * cropSize. Rendered only once a file is chosen, on the client: its inline sizes are set through
 * the CSSOM, which the CSP allows, never as server-rendered style attributes, which it blocks.
 */
export function PhotoCropper({ file, describedBy }: { file: File; describedBy?: string }) {
  const [url, setUrl] = useState<string | null>(null);
  const [natural, setNatural] = useState<{ width: number; height: number } | null>(null);
  const [crop, setCrop] = useState<Crop | null>(null);
  const [unreadable, setUnreadable] = useState(false);
  const drag = useRef<{ pointer: number; startX: number; startY: number; from: Crop } | null>(null);

  // A data: URL (the CSP allows data: images): nothing to revoke. The parent keys this by file.
  useEffect(() => {
    const reader = new FileReader();
    reader.onload = () => (typeof reader.result === "string" ? setUrl(reader.result) : setUnreadable(true));
    reader.onerror = () => setUnreadable(true);
    reader.readAsDataURL(file);
    return () => reader.abort();
  }, [file]);

  if (unreadable) {
    return (
      <p className="hint" id="photo-crop-unreadable">
        This file cannot be previewed here. Upload it anyway and we will check it: the centred square is kept.
      </p>
    );
  }

  if (!url) return null;
  const side = natural ? Math.min(natural.width, natural.height) : 1;
  const zoom = crop ? side / crop.size : 1;
  const scale = crop ? VIEWPORT / crop.size : 1;

  const update = (next: Crop) => natural && setCrop(fit(next, natural.width, natural.height));
  const zoomTo = (value: number) => {
    if (!crop) return;
    const size = side / clamp(value, 1, MAX_ZOOM);
    const centreX = crop.x + crop.size / 2;
    const centreY = crop.y + crop.size / 2;
    update({ x: centreX - size / 2, y: centreY - size / 2, size });
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (!crop) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { pointer: event.pointerId, startX: event.clientX, startY: event.clientY, from: crop };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const start = drag.current;
    if (!start || start.pointer !== event.pointerId) return;
    // Dragging the picture right shows more of its left: the square moves the other way.
    const perPixel = start.from.size / VIEWPORT;
    update({
      ...start.from,
      x: start.from.x - (event.clientX - start.startX) * perPixel,
      y: start.from.y - (event.clientY - start.startY) * perPixel,
    });
  };
  const onPointerUp = () => {
    drag.current = null;
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!crop) return;
    const step = Math.max(1, crop.size * (event.shiftKey ? 0.1 : 0.02));
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const move = moves[event.key];
    if (move) update({ ...crop, x: crop.x + move[0], y: crop.y + move[1] });
    else if (event.key === "+" || event.key === "=") zoomTo(zoom * 1.1);
    else if (event.key === "-" || event.key === "_") zoomTo(zoom / 1.1);
    else return;
    event.preventDefault();
  };

  return (
    <div className={styles.cropper}>
      <p className="hint" id="photo-crop-help">
        Choose the square to keep: drag the picture or use the arrow keys to move it, and the slider or + and − to zoom.
        The circle shows how it will appear.
      </p>
      <div
        className={styles.viewport}
        role="group"
        tabIndex={0}
        aria-label="Photo crop"
        aria-describedby={["photo-crop-help", "photo-crop-status", describedBy].filter(Boolean).join(" ")}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onKeyDown={onKeyDown}
        data-testid="photo-crop"
      >
        {/* eslint-disable-next-line @next/next/no-img-element -- a local data: preview, never optimised */}
        <img
          src={url}
          alt=""
          draggable={false}
          onLoad={(event) => {
            const { naturalWidth: width, naturalHeight: height } = event.currentTarget;
            if (!width || !height) return setUnreadable(true);
            setNatural({ width, height });
            const size = Math.min(width, height);
            setCrop({ x: Math.floor((width - size) / 2), y: Math.floor((height - size) / 2), size });
          }}
          onError={() => setUnreadable(true)}
          style={
            natural && crop
              ? {
                  width: `${natural.width}px`,
                  height: `${natural.height}px`,
                  transform: `scale(${scale}) translate(${-crop.x}px, ${-crop.y}px)`,
                }
              : { visibility: "hidden" }
          }
        />
      </div>
      <div className={styles.zoom}>
        <label htmlFor="photo-zoom">Zoom</label>
        <input
          id="photo-zoom"
          type="range"
          min={1}
          max={MAX_ZOOM}
          step={0.05}
          value={zoom}
          disabled={!crop}
          onChange={(event) => zoomTo(Number(event.currentTarget.value))}
        />
      </div>
      <p id="photo-crop-status" className="hint" aria-live="polite">
        {crop ? `Keeping ${crop.size} by ${crop.size} pixels from ${crop.x}, ${crop.y}.` : ""}
      </p>
      {crop ? (
        <>
          <input type="hidden" name="cropX" value={crop.x} />
          <input type="hidden" name="cropY" value={crop.y} />
          <input type="hidden" name="cropSize" value={crop.size} />
        </>
      ) : null}
    </div>
  );
}
