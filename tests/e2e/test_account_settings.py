"""Account settings through boto3: PutAccountSetting(Default), ListAccountSettings with
principals, effective settings, filters and pagination, DeleteAccountSetting, the values ECS
refuses, and the containerInsights default applied to new clusters.
"""
import base64
import unittest

from harness import ACCOUNT, ServerTestCase, settings_of


class AccountSettingsTest(ServerTestCase):
    server_args = ("--no-docker=true",)
    ROOT = f"arn:aws:iam::{ACCOUNT}:root"
    USER = f"arn:aws:iam::{ACCOUNT}:user/alice"

    def settings(self, **kwargs):
        return {s["name"]: s for s in self.ecs.list_account_settings(**kwargs)["settings"]}

    def test_put_and_list(self):
        r = self.ecs.put_account_setting(name="taskLongArnFormat", value="enabled")
        self.assertEqual(r["setting"]["name"], "taskLongArnFormat")
        self.assertEqual(r["setting"]["value"], "enabled")
        self.assertEqual(r["setting"]["principalArn"], self.ROOT)
        listed = self.settings()
        self.assertEqual(list(listed), ["taskLongArnFormat"])
        self.assertEqual(listed["taskLongArnFormat"]["value"], "enabled")

    def test_principal(self):
        self.ecs.put_account_setting(name="containerInsights", value="enabled",
                                     principalArn=self.USER)
        self.assertEqual(self.settings(), {})
        mine = self.settings(principalArn=self.USER)
        self.assertEqual(mine["containerInsights"]["principalArn"], self.USER)

    def test_put_default(self):
        r = self.ecs.put_account_setting_default(name="containerInsights", value="enhanced")
        self.assertEqual(r["setting"]["principalArn"], self.ROOT)
        self.assertEqual(self.settings()["containerInsights"]["value"], "enhanced")

    def test_effective_settings(self):
        self.ecs.put_account_setting_default(name="awsvpcTrunking", value="enabled")
        self.ecs.put_account_setting(name="awsvpcTrunking", value="disabled",
                                     principalArn=self.USER)
        names, token = {}, None
        while True:
            kwargs = {"effectiveSettings": True, "principalArn": self.USER, "maxResults": 3}
            if token:
                kwargs["nextToken"] = token
            r = self.ecs.list_account_settings(**kwargs)
            for s in r["settings"]:
                self.assertNotIn(s["name"], names)
                names[s["name"]] = s
            token = r.get("nextToken")
            if not token:
                break
        # The principal's own value wins over the account default.
        self.assertEqual(names["awsvpcTrunking"]["value"], "disabled")
        self.assertEqual(names["awsvpcTrunking"]["principalArn"], self.USER)
        # Names nobody set come with AWS's own defaults.
        for name in ["containerInsights", "serviceLongArnFormat", "taskLongArnFormat",
                     "containerInstanceLongArnFormat"]:
            self.assertIn(name, names)
        self.assertEqual(names["containerInsights"]["value"], "disabled")
        self.assertEqual(names["taskLongArnFormat"]["value"], "enabled")

    def test_filter_by_name_and_value(self):
        self.ecs.put_account_setting(name="taskLongArnFormat", value="enabled")
        self.ecs.put_account_setting(name="awsvpcTrunking", value="disabled")
        self.assertEqual(list(self.settings(name="awsvpcTrunking")), ["awsvpcTrunking"])
        self.assertEqual(self.settings(name="awsvpcTrunking", value="enabled"), {})

    def test_long_arn_formats_cannot_be_turned_off(self):
        for name in ["taskLongArnFormat", "serviceLongArnFormat",
                     "containerInstanceLongArnFormat"]:
            for call in [self.ecs.put_account_setting, self.ecs.put_account_setting_default]:
                with self.subTest(name=name, call=call.__name__):
                    err = self.assertClientError("InvalidParameterException", call, name=name,
                                                 value="disabled")
                    self.assertEqual(err["Error"]["Message"],
                                     "You can no longer disable Long Arn settings")
        self.assertEqual(self.settings(), {})

    def test_types(self):
        names = {}
        for page in self.ecs.get_paginator("list_account_settings").paginate(
                effectiveSettings=True):
            names.update({s["name"]: s for s in page["settings"]})
        # guardDutyActivate is the one setting AWS manages; the others are the user's.
        self.assertEqual(names["guardDutyActivate"]["type"], "aws_managed")
        self.assertEqual(names["taskLongArnFormat"]["type"], "user")
        self.assertEqual(names["taskLongArnFormat"]["principalArn"], self.ROOT)

    def test_delete(self):
        self.ecs.put_account_setting(name="taskLongArnFormat", value="enabled")
        r = self.ecs.delete_account_setting(name="taskLongArnFormat")
        self.assertEqual(r["setting"]["name"], "taskLongArnFormat")
        self.assertEqual(self.settings(), {})
        self.assertClientError("InvalidParameterException", self.ecs.delete_account_setting,
                               name="taskLongArnFormat")

    def test_bad_tokens(self):
        for cursor in [b'{"l":"account-settings","a":"x"}', b'{"l":"account-settings","a":-1}',
                       b'{"l":"clusters","a":1}']:
            with self.subTest(cursor=cursor):
                self.assertClientError("InvalidParameterException", self.ecs.list_account_settings,
                                       nextToken=base64.b64encode(cursor).decode())

    def test_bad_values(self):
        self.assertClientError("InvalidParameterException", self.ecs.put_account_setting,
                               name="containerInsights", value="sometimes")
        self.assertClientError("InvalidParameterException", self.ecs.put_account_setting,
                               name="fargateFIPSMode", value="enabled", principalArn=self.USER)
        self.assertClientError("InvalidParameterException", self.ecs.put_account_setting_default,
                               name="taskLongArnFormat", value="yes")

    def test_container_insights_default_applies_to_new_clusters(self):
        self.ecs.create_cluster(clusterName="before")
        self.ecs.put_account_setting_default(name="containerInsights", value="enabled")
        self.ecs.create_cluster(clusterName="after")
        self.ecs.create_cluster(clusterName="explicit",
                                settings=[{"name": "containerInsights", "value": "disabled"}])
        r = self.ecs.describe_clusters(clusters=["before", "after", "explicit"],
                                       include=["SETTINGS"])
        got = {c["clusterName"]: settings_of(c) for c in r["clusters"]}
        self.assertEqual(got["after"], {"containerInsights": "enabled"})
        self.assertEqual(got["explicit"], {"containerInsights": "disabled"})
        # As in ECS, the account default is for clusters created after it changes.
        self.assertEqual(got["before"], {"containerInsights": "disabled"})


if __name__ == "__main__":
    unittest.main()
