from roster.unionfind import UnionFind


def test_joined_items_share_a_set_and_others_stay_apart():
    union = UnionFind("abcde")
    union.join("a", "c")
    union.join("d", "c")
    assert union.find("a") == union.find("d")
    assert union.find("b") != union.find("a")
    assert union.groups("edcba") == [["e"], ["d", "c", "a"], ["b"]]


def test_find_adds_a_new_item_as_its_own_set():
    union: UnionFind[int] = UnionFind()
    assert 7 not in union
    assert union.find(7) == 7
    assert 7 in union


def test_long_chains_are_compressed():
    union: UnionFind[int] = UnionFind()
    for n in range(1, 2000):
        union.join(n, n - 1)
    root = union.find(0)  # walks the whole chain once
    assert all(union.parent[n] == root for n in range(2000))
