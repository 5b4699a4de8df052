# syntax=docker/dockerfile:1
# Small production image for the web app and the worker (same image, different command).
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
RUN useradd --system --uid 1001 app
COPY --from=build --chown=app /app ./
# The default photo store (PHOTO_STORAGE_DIR); a volume mounted here keeps the app user as owner.
RUN mkdir -p .data/photos && chown -R app .data
USER app
EXPOSE 3000
CMD ["npm", "start"]
