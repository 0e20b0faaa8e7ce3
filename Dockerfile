# Secure Base: the production install CI checks (.ci/run → scripts/production-check.ts), in an image.
# Build stage: exactly `npm ci && npm run build && npm prune --omit=dev`, the steps CI runs on a clean
# copy before starting the pruned bot against the fake Discord. Runtime stage: that result only.
#
#   docker build -t secure-base .
#   docker compose up -d        (see compose.yaml; README.md "Deploy")

FROM node:20-bookworm-slim AS build
# The SQLite driver compiles from source (.npmrc), never a downloaded prebuilt binary.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    STORE_URL=sqlite:///data/securebase.sqlite \
    HEALTH_PORT=9464
WORKDIR /app
# What the bot reads at run time: its compiled code, production dependencies, content and package.json.
COPY --from=build --chown=root:root /app/package.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --from=build --chown=root:root /app/content ./content
# So `npm start` and `npm run deploy-commands` work in the container too (they skip the build: no TypeScript).
COPY --from=build --chown=root:root /app/scripts/build-if-needed.mjs ./scripts/
# The store and its key file live in /data (a volume); the code stays read-only to the bot's user.
RUN mkdir /data && chown node:node /data
VOLUME ["/data"]
USER node
# /healthz: 200 when the gateway is ready, the store answers and the scheduler ticked in the last 2 minutes.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.HEALTH_PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# What `npm start` runs once dist/ exists; node as PID 1 gets SIGTERM directly and stops within 5 s.
CMD ["node", "dist/src/index.js"]
