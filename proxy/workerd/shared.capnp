# Two proxies sharing one set of rate limits: the local stand-in for a Workers deployment whose
# requests land on many isolates (README, "Deploying the proxy"). Two worker services, each its
# own isolate with its own memory, on two sockets, both binding the one Durable Object namespace
# of RateLimitCounter that proxy-a defines: an intent counted by either is counted for both. A
# session issued by one is accepted by the other (same SESSION_SECRET; tokens are signed).
#
#   npm run proxy:workerd -- --shared
#
# runs it before the embedded mock (or REVER_API_URL), on PORT and PORT + 1 (default 8787, 8788).
# By hand: `npm run build:worker`, then, with every binding below in the environment,
# `npx workerd serve proxy/workerd/shared.capnp`. The runner (proxy/workerd/run.ts) starts this
# very file, only with its worker path, ports and the REVER_API_URL's own network filled in.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "proxy-a", worker = .proxyA),
    (name = "proxy-b", worker = .proxyB),
    # Public addresses only; the runner adds REVER_API_URL's own addresses when they are local.
    (name = "internet", network = (allow = ["public"], tlsOptions = (trustBrowserCas = true))),
  ],
  sockets = [
    (name = "a", address = "127.0.0.1:8787", http = (), service = "proxy-a"),
    (name = "b", address = "127.0.0.1:8788", http = (), service = "proxy-b"),
  ],
);

# proxy-a defines the namespace (kept in memory: it ends with workerd) and binds it.
const proxyA :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "../../dist/worker/worker.js")],
  compatibilityDate = "2026-11-01",
  bindings = [
    (name = "REVER_API_URL", fromEnvironment = "REVER_API_URL"),
    (name = "ALLOWED_ORIGINS", fromEnvironment = "ALLOWED_ORIGINS"),
    (name = "REVER_API_KEY", fromEnvironment = "REVER_API_KEY"),
    (name = "SESSION_SECRET", fromEnvironment = "SESSION_SECRET"),
    (name = "TRUST_PROXY_HEADER", fromEnvironment = "TRUST_PROXY_HEADER"),
    (name = "RATE_LIMIT_STORE_FAILURE", fromEnvironment = "RATE_LIMIT_STORE_FAILURE"),
    (name = "SESSION_BUDGET", fromEnvironment = "SESSION_BUDGET"),
    (name = "RATE_LIMITS", durableObjectNamespace = "RateLimitCounter"),
  ],
  durableObjectNamespaces = [
    (className = "RateLimitCounter", uniqueKey = "rever-returns-rate-limits"),
  ],
  durableObjectStorage = (inMemory = void),
);

# proxy-b runs the same module in an isolate of its own and binds proxy-a's namespace.
const proxyB :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "../../dist/worker/worker.js")],
  compatibilityDate = "2026-11-01",
  bindings = [
    (name = "REVER_API_URL", fromEnvironment = "REVER_API_URL"),
    (name = "ALLOWED_ORIGINS", fromEnvironment = "ALLOWED_ORIGINS"),
    (name = "REVER_API_KEY", fromEnvironment = "REVER_API_KEY"),
    (name = "SESSION_SECRET", fromEnvironment = "SESSION_SECRET"),
    (name = "TRUST_PROXY_HEADER", fromEnvironment = "TRUST_PROXY_HEADER"),
    (name = "RATE_LIMIT_STORE_FAILURE", fromEnvironment = "RATE_LIMIT_STORE_FAILURE"),
    (name = "SESSION_BUDGET", fromEnvironment = "SESSION_BUDGET"),
    (name = "RATE_LIMITS",
     durableObjectNamespace = (className = "RateLimitCounter", serviceName = "proxy-a")),
  ],
);
