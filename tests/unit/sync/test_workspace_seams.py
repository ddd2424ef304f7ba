# This file is generated from tests/unit/async_/test_workspace_seams.py by bin/make-unasync; do not edit.
# make-unasync digest: 90ad1b0d7c14f2f18e42fac022b9b54d487c42ecff5a29d3a2c98155a7f51637
"""The workspace against a scripted pool: bookmark preparation, the
settling of the session database, auth per acquisition, and the pool
side of the seam (``pool_config``, ``remember_home_database``)."""

from __future__ import annotations

import logging
import typing as t
import warnings

import pytest

from neo4j import Auth, Bookmarks
from neo4j._sync.driver import GraphDatabase
from neo4j._sync.io import AcquireAuth
from neo4j._sync.work import Workspace
from neo4j._shared.conf import PoolConfig, SessionConfig
from neo4j.api import BookmarkManager

from .fake_bolt import FakeBoltServer


class _Conn:
    """A borrowed connection with nothing pending."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.drained = False

    def send_all(self) -> None:
        self.drained = True

    def fetch_all(self) -> None:
        pass


class _Pool:
    """Records what the workspace asks of the pool."""

    def __init__(self, *, direct: bool = False, home: t.Any = ...) -> None:
        self.is_direct_pool = direct
        #: what the pool's resolution reports (``...``: none happens)
        self.home = home
        self.acquires: list[dict[str, t.Any]] = []
        self.released: list[_Conn] = []
        self.killed: list[_Conn] = []
        self.remembered: list[tuple[t.Any, ...]] = []

    def acquire(self, **kwargs: t.Any) -> _Conn:
        self.acquires.append(kwargs)
        hook = kwargs["database_callback"]
        if hook is not None and self.home is not ...:
            hook(self.home)
        return _Conn(len(self.acquires))

    def release(self, conn: _Conn) -> None:
        self.released.append(conn)

    def kill_connection(self, conn: _Conn) -> None:
        self.killed.append(conn)

    def remember_home_database(
        self, imp_user: t.Any, auth: t.Any, database: t.Any
    ) -> None:
        self.remembered.append((imp_user, auth, database))


class _Keeper(BookmarkManager):
    def __init__(self, held: t.Iterable[str]) -> None:
        self.held = set(held)
        self.updates: list[tuple[set[str], set[str]]] = []

    def get_bookmarks(self) -> t.Collection[str]:
        return set(self.held)

    def update_bookmarks(
        self,
        previous_bookmarks: t.Collection[str],
        new_bookmarks: t.Collection[str],
    ) -> None:
        self.updates.append((set(previous_bookmarks), set(new_bookmarks)))
        self.held.difference_update(previous_bookmarks)
        self.held.update(new_bookmarks)


_made: list[Workspace] = []


@pytest.fixture(autouse=True)
def _forget_workspaces() -> t.Iterator[None]:
    yield
    # they borrowed nothing real: no "unclosed" warnings at exit
    for workspace in _made:
        workspace._closed = True
    _made.clear()


def _workspace(pool: _Pool, **options: t.Any) -> Workspace:
    workspace = Workspace(pool, SessionConfig(options))
    _made.append(workspace)
    return workspace


# -- the option ``bookmarks`` -------------------------------------------


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        (None, ()),
        (Bookmarks(), ()),
        (Bookmarks.from_raw_values(["a"]), ("a",)),
    ],
)
def test_bookmarks_option_is_sent_as_raw_values(
    option: t.Any, expected: tuple[str, ...]
) -> None:
    pool = _Pool(direct=True)
    workspace = _workspace(pool, bookmarks=option)
    workspace._connect("r")
    workspace.close()
    assert tuple(pool.acquires[0]["bookmarks"]) == expected


@pytest.mark.parametrize("option", [["a"], "a", ("a",), {"a"}])
def test_bookmarks_option_of_another_type_is_rejected(option: t.Any) -> None:
    with warnings.catch_warnings():
        # nothing was opened: no "unclosed" warning either
        warnings.simplefilter("error", ResourceWarning)
        with pytest.raises(TypeError, match="Bookmarks"):
            _workspace(_Pool(direct=True), bookmarks=option)


def test_commit_bookmark_replaces_the_option() -> None:
    pool = _Pool(direct=True)
    workspace = _workspace(
        pool, bookmarks=Bookmarks.from_raw_values(["a", "b"])
    )
    workspace._note_bookmark(None)
    workspace._note_bookmark("")
    assert set(workspace._held_bookmarks) == {"a", "b"}
    workspace._note_bookmark("c")
    assert workspace._held_bookmarks == ("c",)
    workspace._connect("w")
    workspace.close()
    assert tuple(pool.acquires[0]["bookmarks"]) == ("c",)


def test_manager_bookmarks_join_the_option_until_a_commit() -> None:
    keeper = _Keeper(["m1"])
    pool = _Pool(direct=True)
    workspace = _workspace(
        pool,
        bookmarks=Bookmarks.from_raw_values(["own"]),
        bookmark_manager=keeper,
    )
    first = workspace._bookmarks_for_begin()
    assert set(first) == {"m1", "own"}
    workspace._note_bookmark("c1")
    # the manager trades everything the BEGIN waited for
    assert keeper.updates == [({"m1", "own"}, {"c1"})]
    second = workspace._bookmarks_for_begin()
    assert set(second) == {"c1"}  # the option is not sent again
    workspace._note_bookmark("c2")
    assert keeper.updates[1] == ({"c1"}, {"c2"})
    assert keeper.held == {"c2"}


def test_manager_update_before_any_begin_replaces_nothing() -> None:
    keeper = _Keeper(["m1"])
    workspace = _workspace(_Pool(direct=True), bookmark_manager=keeper)
    workspace._note_bookmark("c1")
    assert keeper.updates == [(set(), {"c1"})]
    workspace._note_bookmark(None)
    assert len(keeper.updates) == 1


def test_connect_takes_bookmarks_from_the_manager() -> None:
    keeper = _Keeper(["m1", "m2"])
    pool = _Pool(direct=True)
    workspace = _workspace(pool, bookmark_manager=keeper)
    workspace._connect("r")
    workspace.close()
    assert set(pool.acquires[0]["bookmarks"]) == {"m1", "m2"}


# -- the session database -----------------------------------------------


def test_direct_pool_never_resolves_the_database() -> None:
    pool = _Pool(direct=True)
    workspace = _workspace(pool)
    assert workspace._on_db_resolved() is None
    workspace._connect("r")
    workspace.close()
    assert pool.acquires[0]["database_callback"] is None
    assert pool.acquires[0]["database"] is None


def test_named_database_is_never_resolved() -> None:
    pool = _Pool(home="other")
    workspace = _workspace(pool, database="mine")
    assert workspace._on_db_resolved() is None
    workspace._connect("r")
    workspace.close()
    assert pool.acquires[0]["database_callback"] is None
    assert pool.acquires[0]["database"] == "mine"


@pytest.mark.parametrize("home", ["home", None])
def test_resolved_home_database_is_kept(home: str | None) -> None:
    pool = _Pool(home=home)
    workspace = _workspace(pool)
    workspace._connect("r")
    workspace._give_back_connection()
    workspace._connect("r")
    workspace.close()
    first, second = pool.acquires
    assert first["database"] is None
    assert first["database_callback"] is not None
    assert second["database"] == home
    assert second["database_callback"] is None
    assert workspace._on_db_resolved() is None
    # resolved by the pool: nothing to tell it back
    assert pool.remembered == []


def _workspace_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        f"{r.name} {r.getMessage()}"
        for r in caplog.records
        if "<WORKSPACE>" in r.getMessage()
    ]


@pytest.mark.parametrize(
    ("pool", "options", "expected"),
    [
        (
            _Pool(direct=True),
            {},
            [
                (
                    "neo4j [#0000]  _: <WORKSPACE> routing towards fixed "
                    "database: None"
                ),
                "neo4j [#0000]  _: <WORKSPACE> pinning database: None",
            ],
        ),
        (
            _Pool(home="other"),
            {"database": "mine"},
            [
                (
                    "neo4j [#0000]  _: <WORKSPACE> routing towards fixed "
                    "database: 'mine'"
                ),
                "neo4j [#0000]  _: <WORKSPACE> pinning database: 'mine'",
            ],
        ),
        (
            _Pool(home="home"),
            {},
            [
                "neo4j [#0000]  _: <WORKSPACE> resolve home database",
                "neo4j [#0000]  _: <WORKSPACE> pinning database: 'home'",
            ],
        ),
    ],
)
def test_database_choice_is_logged_once_as_the_official_does(
    caplog: pytest.LogCaptureFixture,
    pool: _Pool,
    options: dict[str, t.Any],
    expected: list[str],
) -> None:
    workspace = _workspace(pool, **options)
    with caplog.at_level(logging.DEBUG, logger="neo4j"):
        workspace._connect("r")
        workspace._give_back_connection()
        workspace._connect("r")
        workspace.close()
    assert _workspace_lines(caplog) == expected


def test_database_named_by_the_server_is_kept_and_reported() -> None:
    pool = _Pool()
    workspace = _workspace(pool, impersonated_user="amy", auth=("u", "p"))
    workspace._connect("r")
    hook = workspace._on_db_resolved()
    assert hook is not None
    hook("there")
    hook("elsewhere")  # a late second report changes nothing
    workspace.close()
    assert workspace._config.database == "there"
    assert pool.remembered == [("amy", ("u", "p"), "there")]
    assert workspace._on_db_resolved() is None


# -- auth, giving back, killing -----------------------------------------


class _AuthSource:
    def __init__(self) -> None:
        self.calls = 0

    def get_auth(self) -> Auth:
        self.calls += 1
        return Auth("basic", "u", f"p{self.calls}")


def test_auth_per_acquisition() -> None:
    pool = _Pool(direct=True)
    _workspace(pool)._connect("r")
    _workspace(pool)._check_auth()
    _workspace(pool, auth=("u", "p"))._connect("r")
    source = _AuthSource()
    with_source = _workspace(pool, auth=source)
    with_source._connect("r")
    with_source._give_back_connection()
    with_source._connect("r")
    plain, forced, token, managed1, managed2 = (
        call["auth"] for call in pool.acquires
    )
    assert plain is None
    assert isinstance(forced, AcquireAuth)
    assert (forced.token, forced.force) == (None, True)
    assert isinstance(token, AcquireAuth)
    assert (token.token, token.force) == (("u", "p"), False)
    assert isinstance(managed1, AcquireAuth)
    assert isinstance(managed2, AcquireAuth)
    assert managed1.token != managed2.token
    assert with_source._session_auth == managed2.token
    assert source.calls == 2


def test_give_back_and_kill_reach_the_pool_once() -> None:
    pool = _Pool(direct=True)
    workspace = _workspace(pool)
    first = workspace._connect("r")
    # a second acquisition drains and gives back the first connection
    second = workspace._connect("r")
    assert pool.released == [first]
    assert t.cast(_Conn, first).drained
    workspace._kill_connection()
    workspace._kill_connection()
    workspace._give_back_connection()
    assert pool.killed == [second]
    assert pool.released == [first]
    workspace.close()
    assert workspace.closed()


# -- the pool's side ------------------------------------------------------


def test_pool_config_and_home_database_of_direct_pool() -> None:
    with FakeBoltServer() as server:
        driver = GraphDatabase.driver(
            server.uri, auth=("neo4j", "pass"), max_connection_pool_size=7
        )
        with driver:
            pool: t.Any = driver._pool
            assert isinstance(pool.pool_config, PoolConfig)
            assert pool.pool_config is pool.config
            assert pool.pool_config.max_connection_pool_size == 7
            # nothing to remember without routing, and no error
            assert pool.remember_home_database(None, None, "x") is None
