#pragma once
#include "minecs/api/handler.hpp"

namespace minecs::sts {

struct options {
  // AssumeRole of a role that IAM does not have: refused with AccessDenied, as AWS does, instead
  // of accepted as if it existed (the default, so that roles nobody created keep working).
  bool strict_iam = false;
};

// Every AWS STS operation minecs implements (GetCallerIdentity, AssumeRole, GetSessionToken);
// src/app.cpp binds them to the STS model, which the Query protocol serves.
void register_handlers(api::handler_table& table, const options& opts = {});

}  // namespace minecs::sts
