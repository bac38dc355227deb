# syntax=docker/dockerfile:1
# One image for every Waypost app; the command picks the app, e.g.
#   docker run waypost node dist/apps/places-api/src/main.js
# Entry points: dist/apps/<app>/src/main.js, dist/tools/db/migrate.js, dist/tools/scripts/keys.js.
# The code runs on Node 20 (the development machines) and on this LTS.
ARG NODE_IMAGE=node:22-bookworm-slim

# Every dependency, for the build. npm 11 on the development machines runs no install scripts and
# nothing needs one, so none run here either.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund

# The apps compiled to plain JavaScript with SWC, by the builder bench uses (tools/build/apps.build.ts).
FROM deps AS build
COPY tsconfig.base.json ./
COPY tools ./tools
COPY libs ./libs
COPY apps ./apps
RUN node -r ./tools/register.js tools/build/build-image.ts

# Production dependencies only.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The gateway's default routes file (compose and k8s point GATEWAY_ROUTES_FILE at their own).
COPY config ./dist/config
# The specs the gateway renders at /docs.
COPY openapi ./openapi
# The image's `node` user, by number so that Kubernetes' runAsNonRoot can check it.
USER 1000:1000
# The default command's port; every app's own is in tools/datasets.registry.json (k8s and compose
# publish them).
EXPOSE 3000
CMD ["node", "dist/apps/gateway/src/main.js"]
