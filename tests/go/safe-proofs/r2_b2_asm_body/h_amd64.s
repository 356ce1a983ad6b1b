#include "textflag.h"

TEXT ·helper(SB), 0, $16-16
	MOVQ v+0(FP), AX
	MOVQ AX, 0(SP)
	CALL ·boom(SB)
	MOVQ 8(SP), AX
	MOVQ AX, ret+8(FP)
	RET
