// Package helper spreads hashes over buckets.
package helper

// Buckets is the number of buckets. It is exported, so any package of the
// program may assign it: config sets it to 0 in its init.
var Buckets = 8

// Slot returns the bucket of hash h: h % Buckets panics when Buckets is 0.
func Slot(h int) int { return h % Buckets }
