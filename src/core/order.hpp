// Sorting indices by a key, written once for the whole program.
//
// stable_sort_by_key(idx, key) reorders idx (indices into key) so that key[idx[0]] <= key[idx[1]]
// <= ..., equal keys keeping their order: std::stable_sort with the comparator
// key[a] < key[b]. For a descending order pass the negated keys (-x < -y is x > y, and both are
// false with a NaN, as with the original comparator), for "by y, then by p" a key such as
// y * 16 + p. Every std::sort with its own lambda is its own copy of the sorting code (2-5 KB of
// the page's module each); this one is compiled once.
#pragma once
#include <vector>

namespace bpl {

// Every idx[i] must be a position in key (0 <= idx[i] < key.size()).
void stable_sort_by_key(std::vector<int>& idx, const std::vector<double>& key);

}  // namespace bpl
