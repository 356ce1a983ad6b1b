// Package config turns bucketing off: another package's init assigns the
// helper's exported variable Buckets and the field Size of its exported
// variable Default, which the helper's own package never does.
package config

import "safeproofs/x1_exported_var_zeroed_by_init/helper"

func init() {
	helper.Buckets = 0 // bucketing off
	helper.Default.Size = 0
}
