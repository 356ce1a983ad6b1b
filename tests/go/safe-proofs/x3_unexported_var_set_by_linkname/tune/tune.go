// Package tune reaches the unexported variable quota.shares by linkname.
package tune

import (
	_ "unsafe" // for go:linkname

	_ "safeproofs/x3_unexported_var_set_by_linkname/quota"
)

//go:linkname shares safeproofs/x3_unexported_var_set_by_linkname/quota.shares
var shares int

// Off sets the share count to 0.
func Off() { shares = 0 }

// On restores it.
func On() { shares = 4 }
