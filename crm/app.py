"""The Starlette application: /graphql (HTTP and websocket subscriptions), /healthz and
/readyz."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import orjson
from cross_web import HTTPException
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect
from strawberry.asgi import ASGIWebSocketAdapter, GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.unset import UNSET, UnsetType

from crm.db import migrate
from crm.db.broker import ChangeBroker
from crm.db.engine import create_engine, create_session_factory
from crm.db.machine_revision import machine_counter
from crm.db.revision_listener import KnownRevision
from crm.network.cache import GraphCache
from crm.network.live_cache import LiveGraphCache
from crm.network.worker import AnalysisService
from crm.resolvers.context import Context
from crm.schema.schema import schema
from crm.security.auth import TokenCache, authenticate, bearer_token
from crm.security.http import Authenticate, GraphQLRequestGuard, cors_middleware
from crm.security.request_body import error_json, status_code
from crm.security.throttle import SignInThrottle
from crm.serving.cached_answers import CachedAnswers
from crm.serving.compiled.fast import CompiledAnswers, Verdicts
from crm.serving.exports import export_routes
from crm.serving.graphiql import GRAPHIQL_PAGE, GRAPHIQL_POLICY, graphiql_page
from crm.serving.response_cache import ResponseCache, ServingContext
from crm.serving.session import session_routes
from crm.serving.web import SecurityHeaders, WebApp
from crm.settings import Environment, Settings, get_settings

log = logging.getLogger(__name__)


class TextWebSocketAdapter(ASGIWebSocketAdapter):
    """Sends each graphql-transport-ws message as a text frame, as the protocol requires:
    the view's orjson encoder gives bytes, which strawberry would send as binary frames
    that browser clients (graphql-ws) refuse ("Message is missing the 'type' property")."""

    async def send_json(self, message: Mapping[str, object]) -> None:
        try:
            await self.ws.send_text(orjson.dumps(message).decode())
        except WebSocketDisconnect as exc:
            raise WebSocketDisconnected from exc


class GraphQLApp(GraphQL[Context, None]):
    websocket_adapter_class = TextWebSocketAdapter

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        try:
            return await super().run(request, context, root_value)
        except HTTPException as exc:  # strawberry's own refusals, in the shape of every error
            body = error_json(exc.reason, status_code(exc.status_code))
            return Response(body, status_code=exc.status_code, media_type="application/json")

    def create_response(self, response_data: Any, sub_response: Response) -> Response:
        # Not signed in is 401, with or without a token (the middleware refuses bad ones).
        if isinstance(response_data, dict) and response_data.get("data") is None:
            errors = response_data.get("errors") or []
            if any((e.get("extensions") or {}).get("code") == "UNAUTHENTICATED" for e in errors):
                sub_response.status_code = 401
                sub_response.headers["www-authenticate"] = 'Bearer realm="crm"'
        return super().create_response(response_data, sub_response)

    async def render_graphql_ide(self, request: Request) -> Response:
        # GraphiQL from the web app's build, never a CDN (crm/serving/graphiql.py)
        return graphiql_page(request.app.state.settings.web_dist_path)

    def encode_json(self, data: object) -> bytes:
        # orjson: several times faster than json.dumps on a page of nodes
        return orjson.dumps(data)

    def decode_json(self, data: str | bytes) -> object:
        # orjson.JSONDecodeError is a json.JSONDecodeError: a bad body is still a 400
        return orjson.loads(data)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket | None
    ) -> Context:
        state = request.app.state
        scoped = request.scope.setdefault("state", {})
        context = ServingContext(
            settings=state.settings,
            session_factory=_session_factory(request),
            graph_cache=state.graph_cache,
            changes=state.changes,
            analysis=state.analysis,
            live_graph=state.live_graph,
            # set by the Authenticate middleware from the bearer token or the session
            # cookie (a websocket's cookie too; its connection_init may name a token)
            viewer=scoped.get("viewer"),
            sign_in_throttle=state.sign_in_throttle,
            client_address=request.client.host if request.client else None,
            compiled_verdicts=state.compiled_verdicts,
        )
        scoped["crm_context"] = context  # CachedAnswers reads `cacheable` from it
        return context

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """Authenticate a websocket from its `connection_init` payload: `{"Authorization":
        "Bearer <token>"}` (or `{"token": "<token>"}`), else from the session cookie of its
        handshake (checked by the Authenticate middleware); refuse it otherwise."""
        params = context.connection_params or {}
        value = params.get("Authorization", params.get("authorization"))
        token = bearer_token(value) if isinstance(value, str) else None
        if token is None and isinstance(params.get("token"), str):
            token = str(params["token"])
        if token:
            viewer = await authenticate(context.session_factory, token)
        else:
            viewer = context.viewer  # the handshake's session cookie, if it had one
        if viewer is None:
            raise ConnectionRejectionError(
                {"reason": "sign in: a valid bearer token or session is needed"}
            )
        context.viewer = viewer
        accepted: UnsetType = UNSET  # connection_ack without a payload
        return accepted


async def healthz(_request: Request) -> Response:
    # the process id tells `crm serve --workers N`'s processes apart
    return JSONResponse({"status": "ok", "process": os.getpid()})


async def readyz(request: Request) -> Response:
    try:
        async with request.app.state.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
            current = await connection.run_sync(migrate.current_revision)
    except Exception as exc:  # any failure means "not ready"; say why
        log.warning("readiness check failed: %s", exc)
        return JSONResponse({"status": "unavailable", "reason": "database"}, status_code=503)
    head = migrate.head_revision()
    if current != head:
        body: dict[str, Any] = {"status": "unavailable", "reason": "migrations"}
        body.update(database_revision=current, head_revision=head)
        return JSONResponse(body, status_code=503)
    return JSONResponse({"status": "ok", "revision": current})


def _lifespan(settings: Settings) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    """What the app holds while it runs (the engine, caches, the change broker, the
    analysis service), set up at start-up and closed at shutdown."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        engine = create_engine(settings)
        app.state.settings = settings
        app.state.engine = engine
        app.state.session_factory = create_session_factory(engine)
        app.state.response_cache = (
            ResponseCache(settings.response_cache_size, settings.response_cache_seconds)
            if settings.response_cache_size > 0
            else None
        )
        app.state.compiled_verdicts = (
            Verdicts(maxsize=1_000)
            if settings.compiled_reads and settings.compiled_fast_path
            else None
        )
        # the data revision known without a round trip (for both caches below)
        known_revision = KnownRevision(
            settings.database_url, machine_counter(settings.data_revision_file)
        )
        app.state.known_revision = known_revision
        app.state.token_cache = (
            TokenCache(settings.token_cache_seconds, generation=known_revision.generation)
            if settings.token_cache_seconds > 0
            else None
        )
        if app.state.response_cache is not None or app.state.token_cache is not None:
            await known_revision.start()
        app.state.sign_in_throttle = SignInThrottle(
            per_user=settings.sign_in_failures_per_user,
            per_address=settings.sign_in_failures_per_address,
            window=settings.sign_in_window_minutes * 60,
        )
        app.state.graph_cache = GraphCache(exclude_withdrawn=settings.analysis_exclude_withdrawn)
        # Listens for committed changes once the first subscription asks for them.
        app.state.changes = ChangeBroker(
            settings.database_url, queue_size=settings.subscription_queue_size
        )
        # At national scale paths read the machine's mapped snapshot (docs/scale.md).
        app.state.live_graph = None
        if settings.graph_engine == "compact":
            app.state.live_graph = LiveGraphCache(
                settings.snapshot_folder, exclude_withdrawn=settings.analysis_exclude_withdrawn
            )
            app.state.live_graph.map_latest()
        # Queues background analysis runs; runs them too when `crm serve` asks for it.
        app.state.analysis = AnalysisService(settings, known=known_revision)
        if settings.analysis_worker == "in-process":
            await app.state.analysis.start_worker()
        warmup = (
            asyncio.create_task(_warm_up(app.state.graph_cache, app.state.session_factory))
            if settings.graph_warmup
            else None
        )
        try:
            yield
        finally:
            if warmup is not None:
                warmup.cancel()
            app.state.graph_cache.close()
            if app.state.live_graph is not None:
                app.state.live_graph.close()
            await app.state.analysis.close()
            await app.state.changes.close()
            await known_revision.close()
            await engine.dispose()

    return lifespan


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or get_settings()
    production = settings.env is Environment.PRODUCTION
    graphql = GraphQLApp(
        schema,
        graphql_ide=None if production else "graphiql",
        allow_queries_via_get=False,
        # Subscriptions speak graphql-transport-ws only: the legacy graphql-ws is refused.
        subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
        max_subscriptions_per_connection=settings.max_subscriptions_per_connection,
    )
    routes = [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        WebSocketRoute("/graphql", graphql),
        *session_routes(),
        *export_routes(),
        # last: the web app's files, and its index.html for the app's own routes
        Mount("/", app=WebApp(settings.web_dist_path, hidden={GRAPHIQL_PAGE})),
    ]
    guard = Middleware(GraphQLRequestGuard, path="/graphql", max_bytes=settings.max_request_bytes)
    signed_in = Middleware(Authenticate, path="/graphql")
    headers = Middleware(SecurityHeaders, policies={"/graphql": GRAPHIQL_POLICY})
    # answers repeated reads from the response cache before strawberry parses anything
    cached = Middleware(CachedAnswers, path="/graphql")
    # … and the operations the compiled read path answered before, without strawberry
    compiled = Middleware(CompiledAnswers, path="/graphql")
    middleware = [headers, guard, signed_in, cached, compiled]
    if settings.cors_origins:  # outermost: a preflight is answered before anything else
        middleware.insert(0, cors_middleware(settings.cors_origins))
    return Starlette(routes=routes, lifespan=_lifespan(settings), middleware=middleware)


def _session_factory(request: Request | WebSocket) -> async_sessionmaker[AsyncSession]:
    """The request's own (one shared connection, crm.db.session) where there is one."""
    factory: async_sessionmaker[AsyncSession] = request.scope.get("state", {}).get(
        "session_factory", request.app.state.session_factory
    )
    return factory


async def _warm_up(cache: GraphCache, session_factory: async_sessionmaker[AsyncSession]) -> None:
    """Build the graph in the background so the first analysis does not wait for it."""
    try:
        await cache.current(session_factory)
    except Exception:  # the first query will try again and report it
        log.exception("building the network graph at start-up failed")
    else:
        log.info("network graph ready (%s)", cache.last)


app = create_app()
