#include "CPorticoShims.h"
