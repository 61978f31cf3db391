"""The bounded memo shared by the language-ID and code-switch caches."""

from mtqa.util.memo import BoundedMemo


def test_memo_starts_again_when_full() -> None:
    memo = BoundedMemo(3)
    assert [memo.remember(k, k * 10) for k in (1, 2, 3)] == [10, 20, 30]
    assert dict(memo) == {1: 10, 2: 20, 3: 30}
    assert memo.remember(4, 40) == 40
    assert dict(memo) == {4: 40}
