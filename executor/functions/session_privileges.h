// Privilege facts about the current session shared by the built-in functions that read or
// signal other backends (session_info.cpp, backend_activity.cpp, backend_signal.cpp).
#pragma once

namespace hyrax::executor {

// True when the session's role is a superuser (the is_superuser setting).
bool SessionIsSuperuser();

}  // namespace hyrax::executor
