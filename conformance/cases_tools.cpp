// placeholder
#include "conformance/case_helpers.h"
namespace mcpc {
void addToolCases(CaseCatalog&) {}
}
