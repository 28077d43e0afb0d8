#include "CPorticoProto.h"
