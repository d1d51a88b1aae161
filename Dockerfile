# One image for api, workers and migrations (server ClickHouse; no embedded engine needed at run time).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NX_NO_CLOUD=true NX_DAEMON=false
COPY package.json package-lock.json ./
COPY apps/api/package.json apps/api/
COPY apps/workers/package.json apps/workers/
COPY apps/dashboard/package.json apps/dashboard/
COPY libs libs
RUN npm install --no-audit --no-fund
COPY . .
RUN bash tools/prisma-generate.sh && npx vite build --config apps/dashboard/vite.config.ts
USER node
