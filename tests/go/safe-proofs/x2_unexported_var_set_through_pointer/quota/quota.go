// Package quota splits work into shares.
package quota

// shares is unexported and no statement of this package assigns it after its
// declaration; but Shares hands out its address, so any importer can.
var shares = 4

// Shares returns the address of the share count, for tuning.
func Shares() *int { return &shares }

// Per returns n / shares: it panics when a caller stored 0 through Shares().
func Per(n int) int { return n / shares }
