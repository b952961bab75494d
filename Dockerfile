# syntax=docker/dockerfile:1
# CifarLab container image: the web app (with the engine and CLI inside).
#   CPU (default):  docker build -t cifarlab .
#   CUDA:           docker build --build-arg VARIANT=cuda -t cifarlab:cuda .
#                   docker run --gpus all -p 8080:8080 -v cifarlab-data:/app/data cifarlab:cuda
# The official .NET 10 images are Ubuntu 24.04 based: their libstdc++ (GCC 14) already has the
# GLIBCXX_3.4.32 that TorchSharp's native library needs, so no extra apt suite is required here.
# The CUDA variant restores TorchSharp-cuda-linux from nuget.org (it bundles the CUDA runtime
# libraries); the host needs the NVIDIA driver and the NVIDIA container toolkit.

ARG VARIANT=cpu

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG VARIANT
WORKDIR /src
# Restore first, from the project files alone, so code edits do not invalidate the package layer.
COPY CifarLab.sln Directory.Build.props Directory.Packages.props global.json ./
COPY src/CifarLab.Training/CifarLab.Training.csproj src/CifarLab.Training/
COPY src/CifarLab.Cli/CifarLab.Cli.csproj src/CifarLab.Cli/
COPY src/CifarLab.Web/CifarLab.Web.csproj src/CifarLab.Web/
RUN cuda=false; [ "$VARIANT" = "cuda" ] && cuda=true; \
    dotnet restore src/CifarLab.Web/CifarLab.Web.csproj -p:CifarLabCuda=$cuda && \
    dotnet restore src/CifarLab.Cli/CifarLab.Cli.csproj -p:CifarLabCuda=$cuda
COPY src/ src/
COPY wwwroot/ wwwroot/
COPY appsettings.json ./
RUN cuda=false; [ "$VARIANT" = "cuda" ] && cuda=true; \
    dotnet publish src/CifarLab.Web/CifarLab.Web.csproj -c Release -o /app --no-restore -p:CifarLabCuda=$cuda && \
    dotnet publish src/CifarLab.Cli/CifarLab.Cli.csproj -c Release -o /app/cli --no-restore -p:CifarLabCuda=$cuda && \
    cp -r wwwroot appsettings.json /app/

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# curl only serves the health check. tcmalloc: libtorch's activations are reused instead of page-faulted in afresh
# every step (1.2-1.9x faster CPU training, docs/BENCHMARKS.md); preloaded from a fixed path for every process.
RUN apt-get update && apt-get install -y --no-install-recommends curl libtcmalloc-minimal4t64 && rm -rf /var/lib/apt/lists/* && \
    ln -s "$(ls /usr/lib/*-linux-gnu/libtcmalloc_minimal.so.4 | head -n 1)" /usr/local/lib/libtcmalloc_minimal.so.4
WORKDIR /app
COPY --from=build /app ./
# A marker so the app treats /app as its root (it looks for CifarLab.sln or CIFARLAB_ROOT).
ENV CIFARLAB_ROOT=/app \
    LD_PRELOAD=/usr/local/lib/libtcmalloc_minimal.so.4 \
    ASPNETCORE_URLS=http://+:8080 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
RUN mkdir -p /app/data && chown -R app:app /app/data && ln -s /app/cli/cifarlab /usr/local/bin/cifarlab
USER app
VOLUME ["/app/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD curl -fsS http://localhost:8080/health || exit 1
ENTRYPOINT ["dotnet", "CifarLab.Web.dll"]
