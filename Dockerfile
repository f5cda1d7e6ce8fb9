# One image for every service: it runs the gateway by default; docker-compose.yml picks each
# subgraph's entry point (node dist/subgraphs/<name>/src/main.js) per container.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY platform platform
COPY contracts contracts
COPY demo demo
COPY gateway gateway
COPY subgraphs subgraphs
COPY schema schema
COPY scripts scripts
COPY console console
RUN npm run build

# What the services import at run time and nothing else: no compiler, no test libraries, no
# embedded PostgreSQL (its binaries are for `npm start`; production has its own database).
FROM node:20-bookworm-slim AS runtime-dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

FROM node:20-bookworm-slim
ENV NODE_ENV=production
# @apollo/gateway would otherwise probe cloud metadata addresses and report usage to Apollo; the
# code sets this too, so the image is not what keeps the graph from calling out.
ENV APOLLO_TELEMETRY_DISABLED=true
WORKDIR /app
COPY --from=runtime-dependencies /app/node_modules node_modules
COPY --from=build /app/dist/platform dist/platform
COPY --from=build /app/dist/contracts dist/contracts
COPY --from=build /app/dist/demo dist/demo
COPY --from=build /app/dist/gateway dist/gateway
COPY --from=build /app/dist/explorer dist/explorer
COPY --from=build /app/dist/console dist/console
COPY --from=build /app/dist/subgraphs dist/subgraphs
# Migrations alone, before a rollout (deploy/kubernetes/base/migrate-job.yaml): node dist/scripts/migrate.js
COPY --from=build /app/dist/scripts/migrate.js dist/scripts/migrate.js
COPY --from=build /app/schema/supergraph.graphql schema/supergraph.graphql
COPY package.json ./
USER node
# The gateway (4000) and the subgraphs (4001–4004), each on its own <SERVICE>_PORT. Their admin
# ports (/ready, /metrics: <SERVICE>_ADMIN_PORT, 9400–9404) are for the private network and not exposed.
EXPOSE 4000 4001 4002 4003 4004
# Healthy once the service answers /ready on its admin port: for the gateway, every subgraph behind
# it too. A subgraph's container checks its own (docker-compose.yml sets that per service).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.GATEWAY_ADMIN_PORT || 9400}/ready`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/gateway/src/main.js"]
