// Package helper spreads hashes over buckets.
package helper

// Buckets is the number of buckets. It is exported, so any package of the
// program may assign it: config sets it to 0 in its init.
var Buckets = 8

// Slot returns the bucket of hash h: h % Buckets panics when Buckets is 0.
func Slot(h int) int { return h % Buckets }

// Config sizes a table.
type Config struct{ Size int }

// Default is the default configuration: its field Size is 16 here, and config
// sets it to 0.
var Default = Config{Size: 16}

// Index returns the index of hash h: h % Default.Size panics when Size is 0.
func Index(h int) int { return h % Default.Size }
